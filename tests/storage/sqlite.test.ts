import { sqliteEngine } from '../helpers/engines';
import { runStorageContract } from './contract';

await runStorageContract(sqliteEngine);
