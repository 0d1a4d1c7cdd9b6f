/**
 * Rool's data types, exactly as the Rool 0.11 README names them: schema
 * (`FieldType`, `CollectionDef`, `SpaceSchema`), objects (`RoolObject`,
 * `RoolObjectStat`), conversations (`Interaction`, `ToolCall`), and the info
 * types of users, spaces, members and channels. The registries use them on
 * the wire; the SDK returns them to callers.
 *
 * @module
 */

/** The type of a collection field. */
export type FieldType =
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'ref' }
  | {
    kind: 'enum';
    /**
     * The allowed values.
     * @minItems 1
     * @maxItems 200
     */
    values: string[];
  }
  | { kind: 'literal'; value: string | number | boolean }
  | { kind: 'array'; inner: FieldType }
  | { kind: 'maybe'; inner: FieldType };

/** One field of a collection. */
export interface FieldDef {
  /**
   * The field's name in object bodies.
   * @minLength 1
   * @maxLength 128
   */
  name: string;
  /** Its type. */
  type: FieldType;
}

/** A collection's definition: the fields the agent sees. */
export interface CollectionDef {
  /**
   * The fields.
   * @maxItems 200
   */
  fields: FieldDef[];
  /**
   * The schema.org type the collection models, e.g. `Article`.
   * @maxLength 128
   */
  schemaOrgType?: string;
}

/** The whole schema: collection name → definition. */
export type SpaceSchema = Record<string, CollectionDef>;

/** An object: a JSON body at an object path. */
export interface RoolObject {
  /** `/space/<collection>/<name>.json`. */
  path: string;
  /** The body; fields starting with `_` are stored but hidden from the agent. */
  body: Record<string, unknown>;
}

/** `getObjects`' answer: what was found, and which paths were not. */
export interface GetObjectsResult {
  /** The objects found, in the order asked. */
  objects: RoolObject[];
  /** The paths with no object. */
  missing: string[];
}

/** Audit information of an object: when, by whom and where it last changed. */
export interface RoolObjectStat {
  /** The object path. */
  path: string;
  /** Epoch milliseconds. */
  modifiedAt: number;
  /** The user ID. */
  modifiedBy: string;
  /** The user's name then, if any. */
  modifiedByName: string | null;
  /** The channel the change was made in. */
  modifiedInChannel: string;
  /** The conversation, if the change was recorded in one. */
  modifiedInConversation: string | null;
  /** The interaction that made the change, if recorded. */
  modifiedInInteraction: string | null;
}

/** A tool call of the agent: `running`, then `done` with a result. */
export type ToolCall =
  | {
    /** The call's ID. */
    id: string;
    /** The tool's name, e.g. `put_object`. */
    name: string;
    /** The arguments. */
    input: unknown;
    /** Still running. */
    status: 'running';
  }
  | {
    /** The call's ID. */
    id: string;
    /** The tool's name. */
    name: string;
    /** The arguments. */
    input: unknown;
    /** Finished. */
    status: 'done';
    /** The (truncated) result. */
    result: string;
  };

/** Where an interaction is in its life. */
export type InteractionStatus = 'pending' | 'streaming' | 'done' | 'error';

/** One node of a conversation tree: a prompt, or a recorded mutation. */
export interface Interaction {
  /** The interaction's ID. */
  id: string;
  /** The parent in the tree; `null` for a root. */
  parentId: string | null;
  /** Epoch milliseconds. */
  timestamp: number;
  /** Who made it. */
  userId: string;
  /** Their name then. */
  userName?: string | null;
  /** `prompt`, `putObject`, `patchObject`, `moveObject`, `deleteObjects`, … */
  operation: string;
  /** The prompt text, or a description of the mutation. */
  input: string;
  /** The answer, once there is one. */
  output: string | null;
  /** Where it is in its life. */
  status: InteractionStatus;
  /** `true` when the agent produced it; `false` for a recorded mutation. */
  ai: boolean;
  /** Objects it changed. */
  modifiedObjectPaths: string[];
  /** What the agent did. */
  toolCalls: ToolCall[];
  /** What was attached, as `rool-machine:` URIs. */
  attachments?: string[];
}

/** How hard the agent works. `QUICK` is fast and read-only. */
export type PromptEffort = 'QUICK' | 'STANDARD' | 'REASONING' | 'RESEARCH';

/** A member's role, strongest first: `owner` > `admin` > `editor` > `viewer`. */
export type RoolUserRole = 'owner' | 'admin' | 'editor' | 'viewer';

/** What anyone who opens the space by its link may do. */
export type LinkAccess = 'none' | 'viewer' | 'editor';

/** Who caused a change. */
export type ChangeSource = 'local_user' | 'remote_user' | 'remote_agent' | 'system';

/** A space as listed. */
export interface RoolSpaceInfo {
  /** The space ID. */
  id: string;
  /** Its name. */
  name: string;
  /** The address that mails into it. */
  inboundEmailAddress: string;
  /** The caller's role. */
  role: RoolUserRole;
  /** The owner's user ID. */
  ownerId: string;
  /** Size in bytes of its objects, schema and metadata. */
  size: number;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  updatedAt: string;
  /** What its link grants. */
  linkAccess: LinkAccess;
  /** How many members it has. */
  memberCount: number;
}

/** A member of a space. */
export interface SpaceMember {
  /** The user ID. */
  id: string;
  /** Their email. */
  email: string;
  /** Their role in the space. */
  role: RoolUserRole;
  /** Their photo, if any. */
  photoUrl: string | null;
}

/** A user found by `searchUser`. */
export interface UserResult {
  /** The user ID. */
  id: string;
  /** Their email. */
  email: string;
  /** Their name. */
  name: string | null;
  /** Their photo. */
  photoUrl: string | null;
}

/** The signed-in user's profile. */
export interface CurrentUser {
  /** The user ID. */
  id: string;
  /** Their email. */
  email: string;
  /** Their name. */
  name: string | null;
  /** Their photo. */
  photoUrl: string | null;
  /** Their slug: 3–32 characters, a lowercase letter first, then `a–z`, `0–9`, `-` or `_`. */
  slug: string;
  /** Their plan. */
  plan: string;
  /** Credits left. */
  creditsBalance: number;
  /** Credits used in all. */
  totalCreditsUsed: number;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  lastActivity: string;
  /** ISO 8601. */
  processedAt: string;
  /** Their user storage. */
  storage: Record<string, unknown>;
}

/** A channel as listed. */
export interface ChannelInfo {
  /** The channel ID. */
  id: string;
  /** Its name, if renamed. */
  name: string | null;
  /** Epoch milliseconds. */
  createdAt: number;
  /** The creator's user ID. */
  createdBy: string;
  /** The creator's name then. */
  createdByName: string | null;
  /** How many conversations it holds. */
  conversationCount: number;
}

/** A conversation as listed. */
export interface ConversationInfo {
  /** The conversation ID; every channel has `default`. */
  id: string;
  /** Its name, if renamed. */
  name: string | null;
  /** Epoch milliseconds. */
  createdAt: number;
  /** The creator's user ID. */
  createdBy: string;
  /** How many interactions it holds (at most 200). */
  interactionCount: number;
}

/** A conversation with its whole tree. */
export interface Conversation {
  /** The conversation ID. */
  id: string;
  /** Its name, if renamed. */
  name: string | null;
  /** Its system instruction, if set. */
  systemInstruction: string | null;
  /** Epoch milliseconds. */
  createdAt: number;
  /** The creator's user ID. */
  createdBy: string;
  /** The tree, by interaction ID, linked by `parentId`. */
  interactions: Record<string, Interaction>;
}

/** The identity an auth token carries. */
export interface AuthUser {
  /** The user ID, when known. */
  id: string | null;
  /** The email, when known. */
  email: string | null;
  /** The name, when known. */
  name: string | null;
}
