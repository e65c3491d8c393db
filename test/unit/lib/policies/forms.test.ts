import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formProblems, formsSchema, type Form } from '../../../../src/lib/policies/forms';

const root = path.resolve(import.meta.dirname, '../../../..');
const forms = formsSchema.parse(parse(readFileSync(path.join(root, 'content/forms/forms.yaml'), 'utf8')));

describe('the forms library', () => {
  it('has the forms the policies name', () => {
    const titles = forms.map((f) => f.title);
    for (const title of [
      '顾客投诉记录表',
      '催办单',
      '洽办单',
      '奖罚通知单',
      '无理由退货处理单',
      '售后服务先行赔偿审批表',
      '值班日志',
    ]) {
      expect(titles).toContain(title);
    }
    expect(forms.length).toBeGreaterThanOrEqual(12);
  });

  it('keeps the record fields clause complaints-2.1 requires on the complaint record', () => {
    const labels = forms
      .find((f) => f.id === 'complaint-record')!
      .fields.map((f) => f.label)
      .join('|');
    for (const field of ['投诉人姓名', '联系电话', '住址', '受理时间', '投诉对象', '投诉内容', '顾客的要求']) {
      expect(labels).toContain(field);
    }
  });
});

describe('formProblems', () => {
  const form = (over: Partial<Form> = {}): Form =>
    formsSchema.parse([
      { id: 'a', title: '甲', clause: 'complaints-2.1', purpose: '用途', fields: [{ label: '姓名' }], ...over },
    ])[0];
  const ids = new Set(['complaints-2.1']);

  it('accepts a valid form', () => {
    expect(formProblems([form()], ids, 'f.yaml')).toEqual([]);
  });

  it.each([
    ['a duplicate id', [form(), form()], /duplicate form id "a"/],
    ['a missing clause', [form({ clause: 'complaints-9.9' })], /cites missing clause "complaints-9\.9"/],
    [
      'a choice with one option',
      [form({ fields: [{ label: '类型', type: 'choice', options: ['甲'], wide: false, lines: 3 }] })],
      /a choice needs at least two options/,
    ],
  ])('reports %s', (_name, list, expected) => {
    expect(formProblems(list, ids, 'f.yaml').join('\n')).toMatch(expected);
  });
});
