import { z } from 'astro/zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

/** `content/mall/mall.yaml`: the mall this server runs for. */
export const mallSchema = z.strictObject({
  /**
   * The mall's id within its chain (lower-case letters, digits, hyphens): every stored record
   * carries it, so one PostgreSQL database can hold every mall of a chain. MALL_ID overrides it.
   */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'expected lower-case letters, digits and hyphens'),
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

/** Chinese and English name of a place or unit. */
const names = {
  /** Name in Chinese (shown first). */
  zh: z.string().min(1),
  /** Name in English (kiosk in English, API clients). */
  en: z.string().min(1),
};
/** Stored on records and sent by kiosks: lower-case letters, digits and dashes (floors: B1, 1F…). */
const placeId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/, 'expected letters, digits and dashes');

/** One entry of `content/mall/floors.yaml`, bottom to top. */
export const floorSchema = z.strictObject({
  /** Floor id as signposted in the mall (B1, 1F …); stored on tickets. */
  id: placeId,
  ...names,
});
export type Floor = z.infer<typeof floorSchema>;

/** One entry of `content/mall/departments.yaml`: who handles feedback. */
export const departmentSchema = z.strictObject({
  /** Stable id stored on tickets. */
  id: placeId,
  ...names,
});
export type Department = z.infer<typeof departmentSchema>;

/** One entry of `content/mall/tenants.yaml`: a shop or counter. */
export const tenantSchema = z.strictObject({
  /** Stable id stored on tickets. */
  id: placeId,
  ...names,
  /** Floor id (floors.yaml) the tenant is on. */
  floor: placeId,
  /** Department id (departments.yaml) that handles feedback about this tenant. */
  department: placeId,
});
export type Tenant = z.infer<typeof tenantSchema>;

/** The mall's places and units, as bundled into the server. */
export interface MallDirectory {
  floors: Floor[];
  departments: Department[];
  tenants: Tenant[];
}

/** Cross-file problems of the directory (unknown floor or department, duplicate ids). */
export function checkDirectory(dir: MallDirectory): string[] {
  const problems: string[] = [];
  const dupes = (file: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) problems.push(`content/mall/${file}: duplicate id "${id}"`);
      seen.add(id);
    }
  };
  dupes(
    'floors.yaml',
    dir.floors.map((f) => f.id),
  );
  dupes(
    'departments.yaml',
    dir.departments.map((d) => d.id),
  );
  dupes(
    'tenants.yaml',
    dir.tenants.map((t) => t.id),
  );
  const floors = new Set(dir.floors.map((f) => f.id));
  const departments = new Set(dir.departments.map((d) => d.id));
  for (const t of dir.tenants) {
    if (!floors.has(t.floor))
      problems.push(`content/mall/tenants.yaml: tenant "${t.id}" is on unknown floor "${t.floor}"`);
    if (!departments.has(t.department))
      problems.push(`content/mall/tenants.yaml: tenant "${t.id}" has unknown department "${t.department}"`);
  }
  return problems;
}
