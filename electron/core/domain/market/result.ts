// The domain's one Result shape, kept importable from here for the market code.
export { err, ok, type Result } from '../result'
