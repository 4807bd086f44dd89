/**
 * The admin's running text, scrolling right to left at a steady reading speed whatever its
 * length (the duration grows with the text). Still when the viewer asked for reduced motion.
 */
export function Marquee({ text }: { text: string }) {
  if (text.trim() === '') return null;
  // ~9 characters a second reads comfortably from across a room.
  const seconds = Math.max(12, Math.round(text.length / 9) + 8);
  return (
    <div className="display-marquee" role="marquee" data-testid="display-marquee" aria-label={text}>
      <span aria-hidden="true" style={{ animationDuration: `${seconds}s` }}>
        {text}
      </span>
    </div>
  );
}
