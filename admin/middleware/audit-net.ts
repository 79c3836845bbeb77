// Safety net for "every change is audited": a successful POST whose page wrote no audit row of its
// own still leaves one (method and path; ids only, never form contents).
import type { Request, RequestHandler } from 'express';
import { logger } from '../../core/logger';
import type { Db } from '../../models/db';
import { audit } from '../audit';

/** `audited` holds the requests whose route wrote its own row. */
export function auditSafetyNet(db: Db, audited: WeakSet<Request>): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST') return next();
    res.on('finish', () => {
      if (audited.has(req) || res.statusCode >= 400 || !req.admin) return;
      audit(db, { actor: req.admin.user, action: 'request.post', target: req.originalUrl.split('?')[0]!.slice(0, 200), ip: req.ip, details: { status: res.statusCode } })
        .catch((err) => logger.error({ err }, 'audit of an admin request failed'));
    });
    next();
  };
}
