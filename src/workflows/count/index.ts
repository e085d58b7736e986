export { countWorkflow, type CountParams, type CountResult } from './workflow';
