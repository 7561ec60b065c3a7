import { postgresEngine } from '../helpers/engines';
import { runStorageContract } from './contract';

await runStorageContract(postgresEngine);
