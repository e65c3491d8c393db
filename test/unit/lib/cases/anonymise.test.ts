import { describe, expect, it } from 'vitest';
import { isClean, PLACEHOLDER, scrubText, type PersonalData } from '../../../../src/lib/cases/anonymise';

const DATA: PersonalData = {
  customerName: '王小明',
  phone: '13912345678',
  address: '杭州市西湖区文三路 88 号',
  verifyCode: '482913',
  staffNames: ['张客服', '李主管'],
};

describe('scrubText', () => {
  it.each([
    ['the shopper’s name', '王小明说收银员态度差', '王小明', 'customer'],
    ['the name with spaces between its characters', '顾客 王 小 明 来电', '王 小 明', 'customer'],
    ['the name with zero-width characters inside', '王\u200b小\u200d明 要求退款', '王\u200b小\u200d明', 'customer'],
    ['the surname with a form of address', '王先生很生气，王女士也来了', '王先生', 'customer'],
    ['the name with a form of address', '王小明女士来电', '王小明女士', 'customer'],
    ['a staff name', '张客服答复了顾客，李主管复核', '张客服', 'staff'],
    ['the phone as given', '请打 13912345678 回电', '13912345678', 'phone'],
    ['the phone with dashes', '电话 139-1234-5678', '139-1234-5678', 'phone'],
    ['the phone with spaces', '电话 139 1234 5678', '139 1234 5678', 'phone'],
    ['the phone in full-width digits', '电话１３９１２３４５６７８', '１３９１２３４５６７８', 'phone'],
    ['the phone read out in Chinese digits', '电话幺三九一二三四五六七八', '幺三九一二三四五六七八', 'phone'],
    ['another mobile number', '她丈夫的手机 13800138000', '13800138000', 'phone'],
    ['a mobile with +86', '号码 +86 138 0013 8000', '138 0013 8000', 'phone'],
    ['a landline', '座机 0571-87654321', '87654321', 'phone'],
    ['an identity number', '身份证 110105199001011234', '110105199001011234', 'idNumber'],
    ['an identity number ending in X', '证件 11010519900101123X', '11010519900101123X', 'idNumber'],
    ['an identity number in groups', '证件 110105 1990 0101 1234', '110105 1990 0101 1234', 'idNumber'],
    ['an identity number hiding a date inside', '证件110105-1990-01-01-1234', '1234', 'idNumber'],
    ['a long order or card number', '银行卡 6222021234567890123', '6222021234567890123', 'number'],
    ['the verification code', '查询码 482913 已告知', '482913', 'code'],
    ['the address', '寄到杭州市西湖区文三路 88 号', '文三路', 'address'],
    ['an e-mail address', '邮箱 wang.xm@example.com', 'wang.xm@example.com', 'email'],
  ] as const)('removes %s', (_, text, gone, kind) => {
    const r = scrubText(text, DATA);
    expect(r.text).not.toContain(gone);
    expect(r.removed[kind]).toBeGreaterThan(0);
    expect(r.text).toContain(PLACEHOLDER[kind]);
  });

  it.each([
    ['a date', '2026-11-29 下午在二楼'],
    ['a date and time', '2026年11月29日 14:30 来到客服中心'],
    ['a price', '衣服 1280 元，退款 1280.50 元'],
    ['a short count', '等了 30 分钟，第 3 次来'],
    ['Chinese numbers in words', '三十天内可以退换，一二楼都找过'],
    ['a clause number', '按第 5.2 条处理'],
  ])('keeps %s', (_, text) => {
    expect(scrubText(text, DATA)).toEqual({ text, removed: {} });
  });

  it('keeps a date right next to a phone number apart from it', () => {
    const r = scrubText('2026-11-29 13800138000 来电', DATA);
    expect(r.text).toBe(`2026-11-29 ${PLACEHOLDER.phone} 来电`);
  });

  it('turns the name with a form of address into one word', () => {
    expect(scrubText('王小明女士来电', DATA).text).toBe('顾客来电');
  });

  it('removes a longer name before a shorter one that is part of it', () => {
    const r = scrubText('张客服明和张客服', { staffNames: ['张客服', '张客服明'] });
    expect(r.text).toBe('客服人员和客服人员');
  });

  it('leaves one-character names alone (they would eat every word they are in)', () => {
    expect(scrubText('王府井', { customerName: '王' }).text).toBe('王府井');
  });

  it('survives hostile text: regex characters, controls, long input', () => {
    const data = { customerName: 'a.*b(', staffNames: ['[x]'] };
    const r = scrubText('a.*b( 和 [x] 和 axxb\u0000\u0007', data);
    expect(r.text).toBe('顾客 和 客服人员 和 axxb');
    const long = '投诉'.repeat(20_000) + '13912345678';
    const t0 = performance.now();
    expect(scrubText(long, DATA).text.endsWith(PLACEHOLDER.phone)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('is idempotent: scrubbed text is clean', () => {
    const text = '王小明（13912345678，身份证 110105199001011234）向张客服投诉，邮箱 a@b.cn，验证码 482913';
    const once = scrubText(text, DATA).text;
    expect(isClean(once, DATA)).toBe(true);
    expect(scrubText(once, DATA).text).toBe(once);
    expect(isClean(text, DATA)).toBe(false);
  });
});
