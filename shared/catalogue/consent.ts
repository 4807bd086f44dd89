/**
 * Version of the consent statement (message `kiosk.consent.text`, UU 27/2022 PDP). Raise it
 * whenever that text changes in any language: the version is stored with every submission.
 */
export const CONSENT_VERSION = 'pdp-2026-01';
