export * from './core/settings'
