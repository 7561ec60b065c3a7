import type { SourceRef } from '../entities/template';
import { brief, documents } from './sources';

// What a practitioner is shown as an item's source: the document as they would know it, never the
// file it is kept in here. The project's own research brief is not a document they could look
// up, so for each of its sections the published sources that section draws on are named instead.

type DocumentFile = (typeof documents)[keyof typeof documents];
type BriefSection = (typeof brief)[keyof typeof brief];

const titles: Record<Exclude<DocumentFile, typeof documents.domainBrief>, string> = {
  [documents.sifLookedAfter]: 'Ofsted single inspection framework (SIF) inspection handbook',
  [documents.southwarkQaf]: 'Southwark Children’s Social Care Quality Assurance Framework (2015)',
  [documents.ofstedGood]: 'Ofsted: what good looks like',
  [documents.ofstedGoodPdf]: 'Ofsted: what good looks like',
  [documents.evaluationSchedules2009]:
    'Ofsted evaluation schedules for the inspection of safeguarding and looked after children services (2009)',
};

/** The published sources each section of the brief cites (/work/shared/brief/domain.md). */
const briefSources: Record<BriefSection, string> = {
  [brief.publishedForms]:
    'Ofsted SIF inspection handbook, Annex G: evaluating the effectiveness of directly observed practice; local authority practice observation forms (Warwickshire, Merton, Waltham Forest) and ASYE direct observation (Skills for Care)',
  [brief.cpChairDuties]:
    'Child protection conference procedures: Guernsey, Cheshire East, NSCB, the South West child protection procedures, Safeguarding Wales and Leeds',
  [brief.signsOfSafety]:
    'Signs of Safety conference format: Southwark initial child protection conference agenda; York and Durham glossaries',
  [brief.parentsOnConferences]:
    'What parents report about child protection conferences: Diaz (CoLab); Haringey scrutiny; Wokingham',
  [brief.iroPractice]:
    'Ofsted, Independent reviewing officers: taking up the challenge? (2013); local authority IRO procedures',
  [brief.timescales]:
    'Working Together to Safeguard Children; Care Planning, Placement and Case Review (England) Regulations 2010',
  [brief.proposedChecklists]:
    'Ofsted SIF inspection handbook, Annex G; local authority practice observation forms; Southwark Children’s Social Care Quality Assurance Framework (2015)',
  [brief.cpChecklist]:
    'Child protection conference procedures (Guernsey, Cheshire East, NSCB, South West, Safeguarding Wales, Leeds); Signs of Safety conference format; Working Together to Safeguard Children',
  [brief.lacChecklist]:
    'Ofsted, Independent reviewing officers: taking up the challenge? (2013); Care Planning, Placement and Case Review (England) Regulations 2010',
  [brief.frontlineChecklist]:
    'Ofsted SIF inspection handbook, Annex G; local authority practice observation forms (Warwickshire, Merton, Waltham Forest); ASYE direct observation (Skills for Care)',
  [brief.familyCallChecklist]:
    'Southwark Children’s Social Care Quality Assurance Framework (2015), monthly service audits: family feedback',
};

const isKnown = <K extends string>(map: Record<K, string>, key: string): key is K =>
  Object.hasOwn(map, key);

/**
 * An item's source in words a practitioner would recognise: the document's title and its section,
 * or, for the brief, the sources it cites. A source an authority typed into its own checklist is
 * shown as typed.
 */
export function sourceWords(ref: SourceRef): string {
  if (ref.document === documents.domainBrief)
    return isKnown(briefSources, ref.section) ? briefSources[ref.section] : ref.section;
  const title = isKnown(titles, ref.document) ? titles[ref.document] : ref.document;
  return `${title}, ${ref.section}`;
}
