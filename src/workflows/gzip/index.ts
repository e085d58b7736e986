export {
  gzipWorkflow,
  partName,
  type GzipParams,
  type GzipResult,
  type GzipTotals,
  type GzipFinal,
} from './workflow';
