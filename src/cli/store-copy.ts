/**
 * `npm run store:copy -- --from <DATA_DIR> [--to <postgres URL>] [--mall <id>]`: moves a mall's JSON
 * store into PostgreSQL, then verifies it (counts per aggregate and every record's content).
 *
 *   --from  the JSON store's data directory (required; the server on it must be stopped)
 *   --to    the database (default: DATABASE_URL)
 *   --mall  the mall id (default: MALL_ID, else content/mall/mall.yaml `id`)
 *
 * Exit 0: copied and verified. Exit 1: refused (nothing copied: no URL, a locked data directory, a
 * mall that already has data) or a difference found (what differs is named, with the SQL that
 * removes the mall's rows before a retry). See docs/OPERATIONS.md "Moving a mall from the JSON store".
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadFeedbackConfig } from '../lib/feedback/config-files';
import { readMallId } from '../lib/mall/mall-file';
import { countsTable, StoreCopyRefused, storeCopy } from '../lib/store/pg/copy';

const usage = 'usage: npm run store:copy -- --from <DATA_DIR> [--to <postgres URL>] [--mall <id>]';
const fail = (message: string): never => {
  console.error(message);
  process.exit(1);
};

let values: { from?: string; to?: string; mall?: string };
try {
  ({ values } = parseArgs({
    options: { from: { type: 'string' }, to: { type: 'string' }, mall: { type: 'string' } },
  }));
} catch (error) {
  fail(`store:copy: ${(error as Error).message}\n${usage}`);
}
if (!values!.from) fail(`store:copy: --from is required\n${usage}`);

let mallId: string;
try {
  mallId = readMallId(process.cwd(), values!.mall ? { MALL_ID: values!.mall } : process.env);
} catch (error) {
  fail(`store:copy: --mall: not a valid mall id (${(error as Error).message.split('\n')[0]})`);
}

try {
  const result = await storeCopy({
    from: path.resolve(values!.from!),
    url: values!.to ?? process.env.DATABASE_URL,
    mallId: mallId!,
    config: loadFeedbackConfig(process.cwd()),
    log: (line) => console.log(line),
  });
  console.log(
    `mall ${mallId!}\n${countsTable(result)}\n(idempotency keys of the last 24 h: ${result.idempotencyKeys})`,
  );
  if (result.differences.length) {
    fail(
      `store:copy: NOT verified: the copy of mall ${mallId!} differs from the JSON store:\n  ` +
        result.differences.join('\n  ') +
        `\nDo not start nodes on it. Keep serving from the JSON store, remove the mall's rows with\n` +
        `  psql "$DATABASE_URL" -c "${result.dropSql}"\nand run the copy again (report the difference if it persists).`,
    );
  }
  console.log('verified');
} catch (error) {
  if (error instanceof StoreCopyRefused) fail(error.message);
  fail(`store:copy failed: ${(error as Error).message}`);
}
