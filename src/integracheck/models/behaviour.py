"""What profile objects do besides holding facts: shared by the models and their stand-ins."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any


class EvidenceBehaviour:
    """Methods of `Evidence`."""

    if TYPE_CHECKING:  # the fields, declared by the model (pydantic must not see them here)
        inventories: Any
        complete_lists: Any

    def complete(self, inventory: str) -> bool:
        """Whether an absent item of this list means "no" rather than "not known"."""
        return bool(self.inventories == "complete" or inventory in (self.complete_lists or []))


class ProfileBehaviour:
    """Methods of `Profile`."""

    if TYPE_CHECKING:
        evidence: Any

    def inventory_complete(self, inventory: str) -> bool:
        """Whether an absent item of this list means "no" (complete) or "not known" (partial)."""
        return self.evidence is not None and bool(self.evidence.complete(inventory))


# The classes whose stand-ins need methods, by model name.
BEHAVIOUR: dict[str, type] = {"Evidence": EvidenceBehaviour, "Profile": ProfileBehaviour}
