import type { ErrorCode } from '@xianfeng/shared';

/** The closed error set; the one error handler maps each to its HTTP status. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what = '记录') => new AppError('NOT_FOUND', `${what}不存在`, 404);
export const forbidden = (message = '没有权限执行此操作') => new AppError('FORBIDDEN', message, 403);
export const conflict = (message: string, details?: unknown) => new AppError('CONFLICT', message, 409, details);
export const validation = (message: string, details?: unknown) => new AppError('VALIDATION', message, 400, details);
export const unauthenticated = (message = '请先登录') => new AppError('UNAUTHENTICATED', message, 401);
