export * from './hlc'
export * from './backoff'
