import { z } from 'astro/zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

/** `content/mall/mall.yaml`: the mall this server runs for. */
export const mallSchema = z.strictObject({
  /** Mall name, Chinese. */
  name: z.string().min(1),
  /** Mall name, English. */
  nameEn: z.string().min(1),
  /** IANA time zone in which every date and deadline is counted. */
  timeZone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'unknown IANA time zone'),
  /** Daily opening hours, local time. */
  openingHours: z.strictObject({ open: hhmm, close: hhmm }),
  /** Where the service desk is, for "where to go" answers. */
  serviceDesk: z.strictObject({ zh: z.string().min(1), en: z.string().min(1) }),
  /** Customer hotline shown on the kiosk. */
  hotline: z.string().min(1),
  /** Kiosk behaviour. */
  kiosk: z
    .strictObject({
      /** Seconds without a touch before the "Still there?" overlay. */
      idleSeconds: z.number().int().min(10).max(3600).default(60),
      /** Seconds the overlay counts down before everything is cleared. */
      countdownSeconds: z.number().int().min(5).max(120).default(20),
      /** Seconds a finished flow (receipt, result) stays before going home. */
      finishedSeconds: z.number().int().min(5).max(600).default(30),
      /** Whether kiosks have a receipt printer (80 mm). */
      printer: z.boolean().default(false),
    })
    .prefault({}),
});
export type Mall = z.infer<typeof mallSchema>;
