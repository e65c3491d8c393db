/** The live quiz API's edge: a problem as an HTTP error (Chinese and English), and the views per caller. */
import { apiError } from '../api/http';
import type { SessionUser } from '../auth/roles';
import { clauseLinks } from '../policies/library.server';
import { translator } from '../i18n/dict';
import type { LiveServerProblem } from './live.server';
import { playerView, projectorView, type LiveSnapshot } from './live-view';

const t = translator('zh-CN');

const PROBLEMS: Record<LiveServerProblem, { status: number; zh: string; en: string }> = {
  not_found: { status: 404, zh: '找不到该测验', en: 'No such quiz' },
  not_paced: { status: 409, zh: '这不是现场同步测验', en: 'This quiz is not a live, paced one' },
  stale: { status: 409, zh: '状态已变化，请以屏幕为准', en: 'The session moved on; follow the screen' },
  bad_phase: { status: 409, zh: '现在不能这样操作', en: 'Not possible at this stage' },
  not_joined: { status: 409, zh: '请先加入测验', en: 'Join the quiz first' },
  not_started: { status: 409, zh: '测验还没有开始', en: 'The quiz has not started' },
  closed: { status: 409, zh: '测验已关闭', en: 'The quiz is closed' },
  ended: { status: 409, zh: '测验已结束', en: 'The quiz has ended' },
  finished: { status: 409, zh: '测验已结束', en: 'The quiz has ended' },
  not_open: { status: 409, zh: '题目还没有开始', en: 'The question is not open yet' },
  wrong_question: { status: 409, zh: '这道题已经过去了', en: 'That question is no longer current' },
  locked: { status: 409, zh: '时间到，已停止作答', en: 'Time is up for this question' },
  already: { status: 409, zh: '这道题已经作答', en: 'You have answered this question' },
  bad_response: { status: 400, zh: '答案格式不对', en: 'The answer does not fit the question' },
};

export function liveProblem(problem: LiveServerProblem): Response {
  const p = PROBLEMS[problem];
  return apiError(p.status, problem, { zh: p.zh, en: p.en });
}

const trueFalse = () => ({ yes: t('live.true'), no: t('live.false') });

/** The view a caller gets: the projector for a trainer asking for it, otherwise their own phone view. */
export async function viewFor(user: SessionUser, asProjector: boolean): Promise<(snap: LiveSnapshot) => unknown> {
  if (asProjector) {
    const link = await clauseLinks();
    return (snap) => projectorView(snap, new Date(), link, trueFalse());
  }
  return (snap) => playerView(snap, user.id, new Date(), trueFalse());
}
