/**
 * Astro's session driver entrypoint (astro.config.mjs), chosen when the server starts: sessions
 * in PostgreSQL when DATABASE_URL is set (shared by every node of the mall, so a sign-out ends
 * the session everywhere), else in the data directory (one process owns it).
 */
import { MALL } from '../mall/mall';
import dataDirSessionDriver from './data-dir-session-driver';
import { pgSessionDriver } from './pg/pg-session-driver';

export default function sessionDriver() {
  const url = process.env.DATABASE_URL;
  if (!url) return dataDirSessionDriver();
  return pgSessionDriver({ url, mallId: process.env.MALL_ID || MALL.id });
}
