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
