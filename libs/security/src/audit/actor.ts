/** Who is acting, as the audit log records it: never personal data, only ids and roles. */
export interface Actor {
  readonly subject: string;
  readonly role: string;
  /** The route template (GET /api/v1/dossiers/:id) or message type that caused the action. */
  readonly route: string;
  readonly requestId?: string;
}

/** A service itself, acting on a message from the mesh (subject `system:<service>`). */
export function systemActor(service: string, route: string, requestId?: string): Actor {
  return {
    subject: `system:${service}`,
    role: 'system',
    route,
    ...(requestId === undefined ? {} : { requestId }),
  };
}
