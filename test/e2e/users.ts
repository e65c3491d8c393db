/** The accounts every e2e run has (seeded by test/e2e/seed.ts before the server starts). */
export const TEST_USERS = {
  admin: { username: 'admin', name: '王管理', role: 'admin', password: 'admin-pass-2026' },
  manager: { username: 'manager', name: '赵经理', role: 'manager', password: 'manager-pass-2026' },
  supervisor: { username: 'supervisor', name: '李主管', role: 'supervisor', password: 'supervisor-pass-2026' },
  staff: { username: 'staff', name: '张客服', role: 'staff', password: 'staff-pass-2026' },
  staff2: { username: 'staff2', name: '刘客服', role: 'staff', password: 'staff2-pass-2026' },
  staff3: { username: 'staff3', name: '孙客服', role: 'staff', password: 'staff3-pass-2026' },
  trainer: { username: 'trainer', name: '陈培训', role: 'trainer', password: 'trainer-pass-2026' },
  hq: { username: 'hq', name: '周集团', role: 'hq', password: 'hq-pass-2026' },
  /** Only for the lockout test: it gets locked, so no other journey may sign in as it. */
  lockout: { username: 'lockout', name: '锁定测试', role: 'staff', password: 'lockout-pass-2026' },
} as const;
export type TestUserKey = keyof typeof TEST_USERS;
