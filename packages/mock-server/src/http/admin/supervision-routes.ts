/**
 * Admin routes over service supervision (seller-console.md §2, console 交付管理 > 服务监管) and the licence codes
 * of orders:
 *
 * - `GET /supervisions` → every supervision, oldest first, documents without their content;
 * - `GET /supervisions/:orderId` → one supervision (same view);
 * - `GET /supervisions/:orderId/documents/:documentId` → the uploaded file itself (download);
 * - `GET /licences` → the licence codes issued for orders;
 * - `GET /flow-events` (`orderId` or `instanceRef`) → the business-flow steps of an order or instance, by time
 *   (supervision steps, auto-renewal attempts, the unpaid-order deadline), for the timeline.
 *
 * The buyer's and seller's steps are admin actions (`POST /__admin/actions/confirm-completion`, `accept-delivery`,
 * …; see actions.ts). Documents are uploaded as JSON with base64 content, since every state-changing admin route
 * takes `application/json`.
 */
import { Router } from 'express';
import type { MarketEngine } from '../../engine/engine';
import type { SupervisionRecord } from '../../engine/supervision/supervision-flow';
import { SUPERVISION_NODE_LABELS } from '../../engine/model/supervision-types';
import { HttpError, HttpErrorCodes } from '../errors';

/** A supervision as the admin API shows it: documents without content, plus the node label and order state. */
export function supervisionView(engine: MarketEngine, r: SupervisionRecord) {
  const order = engine.store.getOrder(r.id);
  return {
    orderId: r.id,
    orderState: order?.state ?? null,
    orderAmount: order?.lines[0]?.currencyAfterDiscount ?? null,
    orderCreatedAt: order?.createdAt ?? null,
    nodeLabel: SUPERVISION_NODE_LABELS[r.data.node],
    dueAt: r.dueAt,
    ...r.data,
    documents: r.data.documents.map(({ contentBase64: _content, ...meta }) => meta),
  };
}

/** Creates the supervision routes. */
export function createSupervisionRoutes(engine: MarketEngine): Router {
  const r = Router();
  r.get('/supervisions', (_req, res) => {
    res.json(engine.listSupervisions().map((s) => supervisionView(engine, s)));
  });
  r.get('/supervisions/:orderId', (req, res) => {
    res.json(supervisionView(engine, engine.getSupervision(req.params.orderId)));
  });
  r.get('/supervisions/:orderId/documents/:documentId', (req, res) => {
    const s = engine.getSupervision(req.params.orderId);
    const doc = s.data.documents.find((d) => d.id === req.params.documentId);
    if (doc === undefined) {
      throw new HttpError(
        404,
        HttpErrorCodes.ROUTE_NOT_FOUND,
        `Order ${s.id} has no document ${req.params.documentId}; its documents are ${s.data.documents.map((d) => d.id).join(', ') || 'none'}.`,
      );
    }
    res.setHeader('Content-Type', doc.contentType);
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.name)}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(Buffer.from(doc.contentBase64, 'base64'));
  });
  r.get('/flow-events', (req, res) => {
    const orderId = typeof req.query.orderId === 'string' ? req.query.orderId : undefined;
    const instanceRef = typeof req.query.instanceRef === 'string' ? req.query.instanceRef : undefined;
    res.json(engine.flowEvents({ orderId, instanceRef }));
  });
  r.get('/licences', (_req, res) => {
    res.json(engine.listOrderLicences().map((l) => ({ orderId: l.orderId, ...l.data })));
  });
  return r;
}
