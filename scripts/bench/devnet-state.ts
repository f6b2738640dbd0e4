export { default } from '../../devnet/state/bench.ts';
