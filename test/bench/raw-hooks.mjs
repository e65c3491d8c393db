// `node --import tsx --import ./test/bench/raw-hooks.mjs …`: registers raw-loader.mjs.
import { register } from 'node:module';
register('./raw-loader.mjs', import.meta.url);
