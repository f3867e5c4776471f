export type { AppDependencies } from './buildApp.ts';
export { buildApp } from './buildApp.ts';
export { httpStatusByCode } from './http/httpStatusByCode.ts';
