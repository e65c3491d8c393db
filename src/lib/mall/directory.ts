/** Floors, departments and tenants, bundled from content/mall/ at build time. */
import { parse } from 'yaml';
import { z } from 'astro/zod';
import floorsRaw from '../../../content/mall/floors.yaml?raw';
import departmentsRaw from '../../../content/mall/departments.yaml?raw';
import tenantsRaw from '../../../content/mall/tenants.yaml?raw';
import { departmentSchema, floorSchema, tenantSchema, type MallDirectory } from './schema';

export const DIRECTORY: MallDirectory = {
  floors: z.array(floorSchema).parse(parse(floorsRaw)),
  departments: z.array(departmentSchema).parse(parse(departmentsRaw)),
  tenants: z.array(tenantSchema).parse(parse(tenantsRaw)),
};
