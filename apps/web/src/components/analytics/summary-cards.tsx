import type { SummaryCard } from "./summary";

/** A grid of labelled figures (a description list: label, then value). */
export function SummaryCards({ cards, label, testId }: { cards: SummaryCard[]; label: string; testId?: string }) {
  return (
    <dl className="analytics-cards" aria-label={label} data-testid={testId}>
      {cards.map((card) => (
        <div key={card.key} className="analytics-card" data-testid={`card-${card.key}`}>
          <dt>{card.label}</dt>
          <dd className="analytics-card-value">{card.value}</dd>
          {card.hint ? <dd className="analytics-card-hint muted">{card.hint}</dd> : null}
        </div>
      ))}
    </dl>
  );
}
