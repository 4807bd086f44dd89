// ESLint rule "anjungan/layers": the top-level folders are runtime layers, and an import that
// crosses a layer boundary the wrong way fails lint (like VS Code's "Bad layering" rule).
//
//   shared/    pure TypeScript: shared/ and zod only. No Node, no DOM, no Electron.
//   renderer/  React: renderer/, shared/ and UI packages. No Node, no Electron, no main/ or native/.
//   native/    device drivers: native/, shared/, Node and npm packages. No main/, renderer/, Electron.
//   main/      everything but renderer/; Electron only inside main/electron/.
import { builtinModules } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const LAYERS = ['shared', 'renderer', 'native', 'main'];
const NODE_BUILTINS = new Set(builtinModules);
const SHARED_PACKAGES = new Set(['zod']);

function layerOf(file) {
  const rel = path.relative(ROOT, file).split(path.sep);
  return LAYERS.includes(rel[0]) ? rel[0] : null;
}

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** What `spec` imported from `file` is: a layer name, 'node', 'electron', or 'package:<name>'. */
function targetOf(file, spec) {
  if (spec.startsWith('.') || spec.startsWith('/')) {
    return layerOf(path.resolve(path.dirname(file), spec)) ?? 'outside';
  }
  if (spec.startsWith('node:') || NODE_BUILTINS.has(packageName(spec))) return 'node';
  const pkg = packageName(spec);
  if (pkg === 'electron') return 'electron';
  return `package:${pkg}`;
}

function problem(layer, target, file) {
  const inElectronShell = file.includes(`${path.sep}main${path.sep}electron${path.sep}`);
  switch (layer) {
    case 'shared':
      if (target === 'shared') return null;
      if (target.startsWith('package:') && SHARED_PACKAGES.has(target.slice(8))) return null;
      return 'shared/ is pure: it may import only shared/ and zod';
    case 'renderer':
      if (target === 'renderer' || target === 'shared') return null;
      if (target.startsWith('package:') && target !== 'package:better-sqlite3' && target !== 'package:serialport') return null;
      return 'renderer/ may import only shared/ and UI packages, never main/, native/, Node or Electron';
    case 'native':
      if (target === 'native' || target === 'shared' || target === 'node') return null;
      if (target.startsWith('package:')) return null;
      return 'native/ may import only native/, shared/, Node and npm packages';
    case 'main':
      if (target === 'renderer') return 'main/ may not import renderer/';
      if (target === 'electron' && !inElectronShell) return 'Electron may be imported only in main/electron/';
      if (target === 'outside') return 'main/ may not import outside the layers';
      return null;
    default:
      return null;
  }
}

export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the runtime layers of Anjungan (shared, renderer, native, main).' },
    schema: [],
    messages: { bad: 'Bad layering: {{why}} (imports "{{spec}}").' },
  },
  create(context) {
    const file = context.filename;
    const layer = layerOf(file);
    if (!layer) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      const why = problem(layer, targetOf(file, spec), file);
      if (why) context.report({ node, messageId: 'bad', data: { why, spec } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node, node.arguments[0].value);
        }
      },
    };
  },
};

export default { rules: { layers: layersRule } };
