// The public results page (issue 15 item 18, after FixMyStreet): the week's dossier results from the
// latest approved bulletin, and the petitions whose senders agreed to publication, with the commune's
// answers. Senders agreed without their name, address or phone (feedback form, "Công khai"): those
// are never read here, and phone numbers, ID numbers and e-mail addresses typed into a petition's text
// are masked. Linked from the bulletin (jobs/publications/prefill.ts, PUBLIC_RESULTS_PATH).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import { Eta } from 'eta';
import type { Db } from '../../models/db';
import { latestPublishedWeek, publicPetitions } from '../../models/repos/public-results';
import { translator } from '../../core/i18n';
import { VN_TIME_ZONE } from '../../core/clock';
import { PUBLIC_RESULTS_PATH } from '../../jobs/publications/prefill';
// The latest answers; older ones stay in the commune's records.
const PETITIONS_SHOWN = 50;
// E-mail addresses, and runs of 9 or more digits (phone numbers: 10; citizen ID numbers: 12).
const PERSONAL_PATTERNS = [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, /\+?\d(?:[\s.-]?\d){8,}/g];
const MASK = '•••';

const eta = new Eta({ views: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'), cache: true, autoEscape: true });
const dateFmt = new Intl.DateTimeFormat('vi-VN', { timeZone: VN_TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });

/** A text with phone numbers, ID numbers and e-mail addresses masked. */
export function maskPersonal(text: string): string {
  return PERSONAL_PATTERNS.reduce((s, re) => s.replace(re, MASK), text);
}

export function createPublicResultsRouter(deps: { db: Db; communeName: string }): Router {
  const r = express.Router();
  r.get(PUBLIC_RESULTS_PATH, async (req, res) => {
    const lang = req.query.lang === 'en' ? 'en' : 'vi';
    const [week, petitions] = await Promise.all([latestPublishedWeek(deps.db), publicPetitions(deps.db, PETITIONS_SHOWN)]);
    const ddmm = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
    res.set('Cache-Control', 'public, max-age=300').type('html').send(
      eta.render('results', {
        lang,
        t: translator(lang),
        commune: deps.communeName,
        week: week && { ...week, fromText: ddmm(week.from), toText: ddmm(week.to) },
        petitions: petitions.map((p) => ({
          ...p,
          content: maskPersonal(p.content),
          answer: maskPersonal(p.answer),
          receivedText: ddmm(p.receivedDate),
          answeredText: dateFmt.format(p.answeredAt),
        })),
      }),
    );
  });
  return r;
}
