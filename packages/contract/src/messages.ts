/** A thread as `GET /api/messages/threads?patient=` lists it. */
export interface ThreadSummary {
  id: string;
  topic: string;
  patientId: string;
  startedBy?: string;
  startedAt?: string;
  lastMessageAt?: string;
  lastMessage?: string;
  messages: number;
  unread: number;
}

/** One message of a thread. */
export interface ThreadMessage {
  id: string;
  sender?: string;
  senderName?: string;
  sent?: string;
  text: string;
  mentions: string[];
}

/** `GET /api/messages/threads/{id}`: a thread with its messages and the reader's read marker. */
export interface ThreadDetail {
  thread: ThreadSummary;
  messages: ThreadMessage[];
  readUpTo?: string;
}

/** Body of `POST /api/messages/threads`: a new thread about a patient, with its first message. */
export interface NewThreadRequest {
  /** `Patient/<id>` or the bare id. */
  patient: string;
  topic?: string;
  text: string;
}

/** Body of `POST /api/messages/threads/{id}/messages`. */
export interface NewMessageRequest {
  text: string;
}
