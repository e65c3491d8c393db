/**
 * Writes realistic tickets straight into a data directory as partition files (tickets/<day>.<chunk>.json),
 * before a server starts: spread over `days` days up to `now`, mostly in opening hours, old ones
 * worked through to closed (a few invalid, a few reopened), recent ones still open. Each goes
 * through the real state machine, so the server loads them as it would its own.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadFeedbackConfig } from '../../src/lib/feedback/config-files';
import {
  applyAction,
  createTicket,
  formatTicketNo,
  ticketDay,
  needsFollowUp,
  type ActionInput,
  type FeedbackConfig,
  handlersOf,
} from '../../src/lib/feedback/feedback';
import { localParts, localTime } from '../../src/lib/time/mall-time';
import type { Action, Kind, Submission, Ticket } from '../../src/lib/feedback/schema';
import { ticketPartition } from '../../src/lib/store/tickets';
import { createRng } from '../../src/lib/quiz/quiz';

const root = path.resolve(import.meta.dirname, '../..');

const DESCRIPTIONS: Record<string, string[]> = {
  quality: [
    '买的衬衫洗了一次就褪色了，要求退换。',
    '电饭煲用了两天就不加热了。',
    '鞋底开胶，穿了不到一周。',
    '面包里吃出了异物。',
  ],
  service: [
    '收银员态度冷淡，问话不理。',
    '导购一直催促购买，很不舒服。',
    '服务台员工推诿，说不归他们管。',
    '店员说话很不耐烦。',
  ],
  price: ['价签写的 199，结账收了 259。', '促销规则说不清楚，满减没有算上。', '同一件商品两个价签价格不一样。'],
  returns: ['专柜说过了七天不能退，但还在十五天内。', '没有小票可以换货吗？', '退款一直没有到账。'],
  facilities: [
    '三楼扶梯停了很久没人修。',
    '空调太冷，温度能不能调高一点。',
    '停车场照明坏了好几盏。',
    '母婴室的门锁坏了。',
  ],
  cleanliness: ['五楼洗手间地面很脏很滑。', '美食广场的桌子没人擦。', '垃圾桶满了没人清理。'],
  other: [
    '希望增加一些休息座椅。',
    '停车收费标准在哪里可以看到？',
    '商场几点关门？',
    '表扬二楼云裳女装的店员，服务特别耐心。',
  ],
};
const NAMES = ['张女士', '李先生', '王女士', '刘先生', '陈女士', '杨先生', '赵女士', '周先生'];
const ASSIGNEES = ['周主管', '吴主管', '郑主管', '孙主管', '钱经理', '冯主管'];
const STAFF = [
  { id: 'gen-staff-1', name: '张客服' },
  { id: 'gen-staff-2', name: '李主管' },
  { id: 'gen-staff-3', name: '王客服' },
];

export interface GenerateOptions {
  /** How many tickets. */
  count: number;
  /** Over how many days before `now`. */
  days: number;
  now?: number;
  seed?: number;
}

/** Generates tickets in memory, oldest first. */
export function generateTickets(options: GenerateOptions, config: FeedbackConfig = loadFeedbackConfig(root)): Ticket[] {
  return [...ticketStream(options, config)];
}

/** The same tickets one by one, oldest first, holding none of them (a million fit in no array). */
export function* ticketStream(
  options: GenerateOptions,
  config: FeedbackConfig = loadFeedbackConfig(root),
): Generator<Ticket> {
  const now = options.now ?? Date.now();
  const random = createRng(options.seed ?? 42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const weighted = <T>(pairs: [T, number][]) => {
    let r = random() * pairs.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of pairs) if ((r -= w) < 0) return v;
    return pairs[0][0];
  };
  const minutes = (a: number, b: number) => (a + random() * (b - a)) * 60_000;
  const tz = config.timeZone;

  // Creation times: uniform over the days, 90 % in opening hours.
  const start = now - options.days * 86_400_000;
  const times: number[] = [];
  for (let i = 0; i < options.count; i++) {
    let at = start + random() * (now - start);
    const p = localParts(at, tz);
    if (random() < 0.9 && (p.hour < 10 || p.hour >= 22))
      at = localTime(tz, p.year, p.month, p.day, 10 + Math.floor(random() * 12), Math.floor(random() * 60));
    times.push(Math.min(at, now - 60_000));
  }
  times.sort((a, b) => a - b);

  const seq = new Map<string, number>();
  // Ticket numbers only: a repeat needs the earlier one's number, and holding tickets would hold them all.
  const recentByPhone = new Map<string, string>();
  for (const createdAt of times) {
    const kind = weighted<Kind>([
      ['complaint', 55],
      ['suggestion', 20],
      ['inquiry', 15],
      ['praise', 10],
    ]);
    const category = pick(config.categories).id;
    const tenant = random() < 0.65 ? pick(config.tenants) : undefined;
    const floor = tenant?.floor ?? (random() < 0.5 ? pick(config.floors).id : undefined);
    const phone =
      random() < 0.6
        ? `1${pick(['38', '39', '58', '86', '77', '35'])}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`
        : undefined;
    const s: Submission = {
      kind,
      category,
      description: pick(DESCRIPTIONS[category] ?? DESCRIPTIONS.other),
      ...(floor ? { floor } : {}),
      ...(tenant ? { tenant: tenant.id } : {}),
      ...(phone && random() < 0.6 ? { name: pick(NAMES) } : {}),
      ...(phone ? { phone } : {}),
      consent: !!phone,
      ...(random() < 0.8 ? { kioskId: `K-${floor ?? '1F'}-0${1 + Math.floor(random() * 3)}` } : {}),
    };
    const day = ticketDay(createdAt, tz);
    const n = (seq.get(day) ?? 0) + 1;
    seq.set(day, n);
    const repeat =
      phone && tenant && random() < 0.3 ? recentByPhone.get(`${phone}|${tenant.id}|${category}`) : undefined;
    let t = createTicket(
      s,
      {
        no: formatTicketNo(day, n),
        day,
        seq: n,
        verifyCode: String(Math.floor(random() * 1e6)).padStart(6, '0'),
        now: createdAt,
        repeatOf: repeat,
      },
      config,
    );
    const u = random();
    if (u < 0.03) t = { ...t, urgency: 'urgent' };
    else if (u < 0.13) t = { ...t, urgency: 'important' };

    // Work it through as far as its age allows.
    let at = createdAt;
    const age = now - createdAt;
    const step = (action: Action, delay: number, input: ActionInput = {}) => {
      const when = at + delay;
      if (when >= now) return false;
      // The follow-up call is made by someone other than the handler (complaints-6.1).
      const handlers = handlersOf(t);
      const by = action === 'followUp' ? pick(STAFF.filter((x) => !handlers.has(x.id))) : pick(STAFF);
      const r = applyAction(t, action, input, by, when, config);
      if (!r.ok) throw new Error(`generate: ${action} refused (${r.reason}) for ${t.no} in ${t.status}`);
      t = r.ticket;
      at = when;
      return true;
    };
    const department =
      tenant?.department ?? config.categories.find((c) => c.id === category)?.department ?? 'service-centre';
    const invalid = kind === 'complaint' && random() < 0.05;
    const work = () => {
      if (
        !step('assign', minutes(2, age > 3 * 86_400_000 && random() < 0.15 ? 25 : 12), {
          department,
          assignee: pick(ASSIGNEES),
        })
      )
        return;
      if (invalid) {
        // Staff propose, a manager confirms (complaints-5.3); a shopper who left a phone is still called back.
        if (!step('proposeInvalid', minutes(20, 120), { note: '经核实不属于商场承诺的服务范围。' })) return;
        const explained = { note: '经核实不属于商场承诺的服务范围，已向顾客解释。', role: 'manager' as const };
        if (!step('confirmInvalid', minutes(10, 120), explained)) return;
        if (t.status === 'invalid_follow_up') step('followUp', minutes(30, 150), { satisfaction: 3 });
        return;
      }
      if (!step('start', minutes(5, 60))) return;
      if (!step('reply', minutes(60, random() < 0.1 ? 1800 : 1200), { note: '已核实并处理，感谢您的反馈。' })) return;
      if (!needsFollowUp(t, config.sla)) {
        step('close', minutes(5, 60));
        return;
      }
      const sat = weighted<number>([
        [5, 50],
        [4, 30],
        [3, 12],
        [2, 5],
        [1, 3],
      ]);
      if (
        !step(
          'followUp',
          minutes(30, random() < 0.1 ? 400 : 170),
          phone ? { satisfaction: sat, note: '电话回访。' } : { note: '未留联系方式，无法回访。' },
        )
      )
        return;
      if (phone && sat <= 2) {
        if (!step('reopen', minutes(10, 60), { note: '顾客不满意，升级处理。' })) return;
        if (!step('start', minutes(5, 60))) return;
        if (!step('reply', minutes(60, 600), { note: '营运经理已重新处理。' })) return;
        if (!step('followUp', minutes(30, 170), { satisfaction: 4, note: '再次回访。' })) return;
      }
      step('close', minutes(5, 60));
    };
    work();
    yield t;
    if (phone && tenant) recentByPhone.set(`${phone}|${tenant.id}|${category}`, t.no);
  }
}

/** Writes tickets into their partition files `<dataDir>/tickets/<day>.<chunk>.json` (version 1 envelope). */
export function writeTickets(dataDir: string, tickets: Ticket[]): void {
  const dir = path.join(dataDir, 'tickets');
  mkdirSync(dir, { recursive: true });
  const byKey = new Map<string, Ticket[]>();
  for (const t of tickets) {
    const key = ticketPartition(t);
    const list = byKey.get(key) ?? [];
    list.push(t);
    byKey.set(key, list);
  }
  for (const [key, records] of byKey)
    writeFileSync(path.join(dir, `${key}.json`), JSON.stringify({ version: 1, records }));
}
