// Entry point of the workflow bundle.
export { chatWorkflow } from './chat';
