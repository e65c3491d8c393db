/**
 * The server's searcher: loads the built search asset once, from the file the browser
 * downloads (found relative to the built server's entry, not the working directory).
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEARCH_ASSET_FROM_SERVER, SEARCH_ASSET_INLINE, SEARCH_ASSET_URL, SERVER_ENTRY } from 'virtual:search-asset';
import { createSearcher, type Searcher } from './search';
import type { SearchAsset } from './types';

/** URL of the search asset, for the browser. */
export const searchAssetUrl = SEARCH_ASSET_URL;

let searcher: Promise<Searcher> | undefined;

/** The searcher over the built index, loaded on first use. */
export function getSearcher(): Promise<Searcher> {
  searcher ??= loadAsset().then(createSearcher);
  searcher.catch(() => (searcher = undefined));
  return searcher;
}

async function loadAsset(): Promise<SearchAsset> {
  return JSON.parse(await readSearchAsset()) as SearchAsset;
}

let assetText: Promise<string> | undefined;

/** The built search asset as the browser downloads it (JSON text), read once. */
export function readSearchAsset(): Promise<string> {
  assetText ??= readAssetText();
  assetText.catch(() => (assetText = undefined));
  return assetText;
}

async function readAssetText(): Promise<string> {
  if (SEARCH_ASSET_INLINE) return SEARCH_ASSET_INLINE;
  // This module is bundled somewhere below the server output directory (dist/server/…).
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++, dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, SERVER_ENTRY))) {
      return readFile(path.join(dir, SEARCH_ASSET_FROM_SERVER), 'utf8');
    }
  }
  throw new Error(`search: cannot find the server entry ${SERVER_ENTRY} above ${fileURLToPath(import.meta.url)}`);
}
