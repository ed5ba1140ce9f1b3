import type { ViewerRef } from "@onair/api/events";
import { MENTION_LISTBOX_ID, mentionOptionId } from "./use-mention-autocomplete";

interface MentionListboxProps {
  options: ViewerRef[];
  activeIndex: number;
  onChoose: (person: ViewerRef) => void;
}

/** The people an `@name` being typed may mean, above the chat input (the input keeps focus). */
export function MentionListbox({ options, activeIndex, onChoose }: MentionListboxProps) {
  return (
    <ul id={MENTION_LISTBOX_ID} role="listbox" aria-label="People to mention" className="chat-mention-list" data-testid="chat-mention-list">
      {options.map((person, index) => (
        <li
          key={person.id}
          id={mentionOptionId(index)}
          role="option"
          aria-selected={index === activeIndex}
          className="chat-mention-option"
          // Choosing with the pointer must not take focus from the input.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => onChoose(person)}
        >
          <bdi className="chat-mention-name">{person.name ?? person.username}</bdi>
          <span className="chat-mention-username">@{person.username}</span>
        </li>
      ))}
    </ul>
  );
}
