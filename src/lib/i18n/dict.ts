/**
 * UI strings, one dictionary per language with dotted keys. zh-CN is the source language;
 * `en` must have exactly the same keys (a unit test fails otherwise). Features add their
 * keys here under their own prefix (`kiosk.`, `feedback.`, `returns.` …).
 */
export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const zh = {
  'app.name': '客服自助终端与制度门户',
  'app.tagline': '商场客服中心',
  'home.title': '请选择入口',
  'home.kiosk': '顾客自助终端',
  'home.kiosk.desc': '意见反馈、进度查询、退换货查询、顾客须知',
  'home.staff': '员工制度门户',
  'home.staff.desc': '制度查询、工单处理、培训考试',

  'staff.nav.label': '主导航',
  'staff.nav.policies': '制度库',
  'staff.nav.home': '首页',
  'staff.skip': '跳到正文',
  'staff.nav.users': '用户管理',
  'staff.nav.workbench': '工作台',
  'staff.signIn': '登录',
  'staff.signOut': '退出登录',
  'staff.signedInAs': '当前用户',

  'policies.title': '制度库',
  'policies.intro': '商场客服中心现行制度。每一条款都有固定编号，可直接链接引用。',
  'policies.filter.label': '按适用对象筛选',
  'policies.filter.all': '全部',
  'policies.audience.shopper': '顾客',
  'policies.audience.staff': '员工',
  'policies.audience.trainer': '培训师',
  'policies.pages': '页',
  'policies.empty': '没有符合条件的页面。',
  'policies.toc': '目录',
  'policies.version': '版本',
  'policies.effective': '生效日期',
  'policies.owner': '归口部门',
  'policies.audience': '适用对象',
  'policies.copyLink': '复制条款链接',
  'policies.copied': '已复制链接',
  'policies.print': '打印',
  'policies.translations': '其他语言',
  'policies.backToSection': '返回本章',
  'policies.section': '章节',

  'kiosk.title': '自助服务',
  'kiosk.welcome': '您好，欢迎使用自助服务',
  'kiosk.welcome.sub': '请点击下方按钮开始',
  'kiosk.home': '首页',
  'kiosk.back': '返回',
  'kiosk.lang.switch': 'English',
  'kiosk.lang.label': '切换语言 / Language',
  'kiosk.tile.guide': '顾客须知',
  'kiosk.tile.guide.desc': '反馈处理、退换货规则、个人信息保护',
  'kiosk.guide.title': '顾客须知',
  'kiosk.guide.intro': '点击下方主题阅读。',
  'kiosk.hotline': '客服热线',
  'kiosk.desk': '客服中心',
  'kiosk.idle.title': '还在吗？',
  'kiosk.idle.body': '{seconds} 秒后将清除已填写的内容并返回首页。',
  'kiosk.idle.continue': '继续使用',
  'kiosk.view.large': '长辈模式',
  'kiosk.view.normal': '标准模式',
  'kiosk.view.label': '大字号高对比度显示',
} as const;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  'app.name': 'Service Desk Kiosk and Policy Portal',
  'app.tagline': 'Customer Service Centre',
  'home.title': 'Choose where to go',
  'home.kiosk': 'Shopper kiosk',
  'home.kiosk.desc': 'Feedback, ticket status, return check, shopper guide',
  'home.staff': 'Staff policy portal',
  'home.staff.desc': 'Policies, ticket workbench, training quizzes',

  'staff.nav.label': 'Main navigation',
  'staff.nav.policies': 'Policies',
  'staff.nav.home': 'Home',
  'staff.skip': 'Skip to content',
  'staff.nav.users': 'Users',
  'staff.nav.workbench': 'Workbench',
  'staff.signIn': 'Sign in',
  'staff.signOut': 'Sign out',
  'staff.signedInAs': 'Signed in as',

  'policies.title': 'Policy library',
  'policies.intro': 'The customer-service centre’s policies in force. Every clause has a fixed id you can link to.',
  'policies.filter.label': 'Filter by audience',
  'policies.filter.all': 'All',
  'policies.audience.shopper': 'Shoppers',
  'policies.audience.staff': 'Staff',
  'policies.audience.trainer': 'Trainers',
  'policies.pages': 'pages',
  'policies.empty': 'No page matches.',
  'policies.toc': 'Contents',
  'policies.version': 'Version',
  'policies.effective': 'Effective',
  'policies.owner': 'Owner',
  'policies.audience': 'Audience',
  'policies.copyLink': 'Copy link to clause',
  'policies.copied': 'Link copied',
  'policies.print': 'Print',
  'policies.translations': 'Other languages',
  'policies.backToSection': 'Back to section',
  'policies.section': 'Section',

  'kiosk.title': 'Self-service',
  'kiosk.welcome': 'Welcome to self-service',
  'kiosk.welcome.sub': 'Tap a button below to start',
  'kiosk.home': 'Home',
  'kiosk.back': 'Back',
  'kiosk.lang.switch': '中文',
  'kiosk.lang.label': '切换语言 / Language',
  'kiosk.tile.guide': 'Shopper guide',
  'kiosk.tile.guide.desc': 'How feedback is handled, return rules, privacy',
  'kiosk.guide.title': 'Shopper guide',
  'kiosk.guide.intro': 'Tap a topic to read it.',
  'kiosk.hotline': 'Hotline',
  'kiosk.desk': 'Service desk',
  'kiosk.idle.title': 'Still there?',
  'kiosk.idle.body': 'In {seconds} s everything you entered is cleared and the kiosk goes back home.',
  'kiosk.idle.continue': 'Continue',
  'kiosk.view.large': 'Large text',
  'kiosk.view.normal': 'Standard text',
  'kiosk.view.label': 'Large text and high contrast',
};

export const MESSAGES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zh, en };

/** A translator bound to one language; `{name}` placeholders are filled from `params`. */
export function translator(lang: Lang) {
  const table = MESSAGES[lang];
  return (key: MessageKey, params?: Record<string, string | number>) =>
    table[key].replace(/\{(\w+)\}/g, (m, name: string) => (params && name in params ? String(params[name]) : m));
}

/** Parses a language tag from a cookie or query; anything unknown is Chinese. */
export const parseLang = (value: string | undefined | null): Lang => (value === 'en' ? 'en' : 'zh-CN');
