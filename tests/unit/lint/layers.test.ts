import { ESLint } from 'eslint';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
// The project's own config, minus type-aware parsing (the snippets are not files of a tsconfig).
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfig: {
    languageOptions: { parserOptions: { project: null } },
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
});

/** Lints `code` as if it were the file at `relPath`, returning only the layering messages. */
async function layering(relPath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, relPath) });
  const fatal = result?.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`lint could not parse the snippet: ${fatal.message}`);
  return (result?.messages ?? []).filter((m) => m.ruleId === 'anjungan/layers').map((m) => m.message);
}

describe('lint rule anjungan/layers', () => {
  it.each([
    ['renderer/src/bad.ts', "import { openStore } from '../../main/db/store.js';\nexport const x = openStore;\n", 'renderer/'],
    ['renderer/src/bad.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'renderer/'],
    ['renderer/src/bad.ts', "import { SerialPort } from 'serialport';\nexport const x = SerialPort;\n", 'renderer/'],
    ['shared/bad.ts', "import { join } from 'node:path';\nexport const x = join;\n", 'shared/ is pure'],
    ['shared/bad.ts', "import React from 'react';\nexport const x = React;\n", 'shared/ is pure'],
    ['shared/bad.ts', "import { app } from 'electron';\nexport const x = app;\n", 'shared/ is pure'],
    ['native/bad.ts', "import { openStore } from '../main/db/store.js';\nexport const x = openStore;\n", 'native/'],
    ['main/core/bad.ts', "import { App } from '../../renderer/src/App.js';\nexport const x = App;\n", 'main/ may not import renderer/'],
    ['main/core/bad.ts', "import { app } from 'electron';\nexport const x = app;\n", 'Electron may be imported only in main/electron/'],
    ['shared/bad.ts', "export const load = () => import('node:fs');\n", 'shared/ is pure'],
  ])('rejects a bad import in %s (%#)', async (file, code, expected) => {
    const messages = await layering(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('Bad layering');
    expect(messages[0]).toContain(expected);
  });

  it.each([
    ['renderer/src/ok.ts', "import { apiCalls } from '../../shared/api/contract.js';\nimport { useState } from 'react';\nexport const x = [apiCalls, useState];\n"],
    ['shared/ok.ts', "import { z } from 'zod';\nimport { t } from './i18n/index.js';\nexport const x = [z, t];\n"],
    ['native/ok.ts', "import { join } from 'node:path';\nimport { t } from '../shared/i18n/index.js';\nexport const x = [join, t];\n"],
    ['main/electron/ok.ts', "import { app } from 'electron';\nimport { createCore } from '../core/core.js';\nexport const x = [app, createCore];\n"],
  ])('accepts the allowed imports of %s', async (file, code) => {
    expect(await layering(file, code)).toEqual([]);
  });
});
