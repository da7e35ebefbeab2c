/** The mission driver's public face, for the demo, the e2e and chaos suites and flow benchmarks. */
export {
  call,
  eventually,
  issuerTokens,
  MissionStepError,
  type Answer,
  type TokenSource,
} from './api';
export {
  dossierRequest,
  householdSpec,
  MUNICIPALITIES,
  PERSON_NUMBER_SPACE,
  type HouseholdSpec,
  type MemberSpec,
  type Municipality,
} from './households';
export {
  MISSION_USERS,
  MissionClient,
  type ClaimResult,
  type HouseholdChecks,
  type MissionEndpoints,
  type MissionTimeouts,
  type OfferResult,
  type PlacementResult,
  type RegisteredHousehold,
} from './mission-client';
export {
  claimableNowEnv,
  housingPlan,
  periodOf,
  runMission,
  type HouseholdOutcome,
  type MissionEvent,
  type MissionPlan,
  type MissionReport,
} from './run-mission';
export { storyLine, euros } from './story';
