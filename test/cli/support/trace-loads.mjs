// `node --import` this file to log every module the process loads (one URL a line) to the file
// named by EDGEBOOK_TRACE_LOADS. Passed in NODE_OPTIONS, it follows into child processes too.
import { register } from 'node:module'

if (process.env.EDGEBOOK_TRACE_LOADS) register('./trace-loads-hooks.mjs', import.meta.url)
