// `node --import tsx --import ./test/bench/raw-hooks.mjs …`, for benches that import server modules:
// Vite's `?raw` imports (a file's text as the default export), which tsx alone cannot load.
import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (!specifier.endsWith('?raw')) return nextResolve(specifier, context);
    const resolved = nextResolve(specifier.slice(0, -'?raw'.length), context);
    return { url: `${resolved.url}?raw`, format: 'module', shortCircuit: true };
  },
  load(url, context, nextLoad) {
    if (!url.endsWith('?raw')) return nextLoad(url, context);
    const text = readFileSync(fileURLToPath(url.slice(0, -'?raw'.length)), 'utf8');
    return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
  },
});
