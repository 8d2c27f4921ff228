import { cli } from './cli';
import { cluster } from './cluster';
import { datapath } from './datapath';
import { model } from './model';
import { observe } from './observe';
import { share } from './share';
import { ui } from './ui';

export const en: Record<string, string> = { ...model, ...cluster, ...datapath, ...observe, ...ui, ...cli, ...share };
