import { createInterface, type Interface } from 'node:readline';
import type { Readable } from 'node:stream';

/**
 * The control line protocol of the simulators: one command a line (`WORD ARGS...`), one answer
 * a line, `ok ...` or `error: ...`. The same handler serves stdin and the control socket, so a
 * script sees the same answers whichever it uses.
 */
export interface ControlAnswer {
  reply: string;
  /** The line was `quit`: the owner stops after sending the reply. */
  quit: boolean;
}

/** Answers one line; null for a blank line (nothing to answer). */
export type ControlHandler = (line: string) => ControlAnswer | null;

/** One command: gets the words after the command word, returns the text after "ok ", throws to answer "error: ...". */
export type ControlCommand = (args: string[]) => string;

/** Builds the handler for a table of commands; `quit` is built in. */
export function lineProtocol(commands: Record<string, ControlCommand>): ControlHandler {
  const names = [...Object.keys(commands), 'quit'].join(', ');
  return (line) => {
    const [word, ...args] = line.trim().split(/\s+/).filter(Boolean);
    if (word === undefined) return null;
    const op = word.toLowerCase();
    try {
      if (op === 'quit') {
        noArgs(args, 'quit');
        return { reply: 'ok quit', quit: true };
      }
      const command = Object.hasOwn(commands, op) ? commands[op] : undefined;
      if (!command) throw new Error(`unknown command "${word}" (commands: ${names})`);
      return { reply: oneLine(`ok ${command(args)}`), quit: false };
    } catch (err) {
      return { reply: oneLine(`error: ${err instanceof Error ? err.message : String(err)}`), quit: false };
    }
  };
}

/** Feeds every line of `input` to `handler` and writes each answer; EOF just ends the feed. */
export function pumpLines(input: Readable, write: (reply: string) => void, handler: ControlHandler, onQuit: () => void): Interface {
  const rl = createInterface({ input, crlfDelay: Infinity });
  rl.on('line', (line) => {
    const answer = handler(line);
    if (!answer) return;
    write(`${answer.reply}\n`);
    if (answer.quit) onQuit();
  });
  return rl;
}

export function noArgs(args: string[], op: string): void {
  if (args.length > 0) throw new Error(`${op} takes no argument, got "${args.join(' ')}"`);
}

/** Exactly one argument; `usage` is shown otherwise (e.g. "insert N|NIK"). */
export function oneArg(args: string[], usage: string): string {
  if (args.length !== 1) throw new Error(`usage: ${usage}`);
  return args[0]!;
}

/** Exactly one argument, one of `choices`. */
export function oneOf<T extends string>(args: string[], op: string, choices: readonly T[]): T {
  const value = oneArg(args, `${op} ${choices.join('|')}`);
  if (!(choices as readonly string[]).includes(value)) throw new Error(`${op} must be ${choices.join(', ')}; got "${value}"`);
  return value as T;
}

// An answer is one line, whatever an error message holds.
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, '; ');
}
