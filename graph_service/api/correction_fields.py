"""Root mutations that correct the graph; `Mutation` inherits them."""

from __future__ import annotations

import strawberry

from graph_service.api.types import Info, PersonType
from graph_service.services import corrections


@strawberry.type
class CorrectionMutation:
    @strawberry.mutation(
        description="Erase a person: their node, positions and ties, and the interviews and referrals in "
        "which they are the candidate; in others' records an anonymous former contact takes their place. "
        "Returns the id; NOT_FOUND when there is no such person (or no longer)."
    )
    async def delete_person(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        return strawberry.ID(await corrections.delete_person(info.context.store, id))

    @strawberry.mutation(
        description="Fold a duplicate into the kept person: positions, interviews and referrals move "
        "over; ties move over, and where both knew someone the stronger tie stays with the evidence of both."
    )
    async def merge_people(self, info: Info, keep_id: strawberry.ID, merge_id: strawberry.ID) -> PersonType:
        kept = await corrections.merge_people(info.context.store, keep_id=keep_id, merge_id=merge_id)
        return PersonType.from_domain(kept)

    @strawberry.mutation(description="Delete the tie between two people; NOT_FOUND when there is none.")
    async def delete_tie(self, info: Info, a_id: strawberry.ID, b_id: strawberry.ID) -> bool:
        await corrections.delete_tie(info.context.store, a_id=a_id, b_id=b_id)
        return True

    @strawberry.mutation(description="Delete an interview; returns its id.")
    async def delete_interview(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        return strawberry.ID(await corrections.delete_interview(info.context.store, id))

    @strawberry.mutation(description="Delete a referral; returns its id.")
    async def delete_referral(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        return strawberry.ID(await corrections.delete_referral(info.context.store, id))

    @strawberry.mutation(
        description="Delete a company nobody has or had a position at (else CONFLICT naming how many), "
        "with the referrals to it; returns its id."
    )
    async def delete_company(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        return strawberry.ID(await corrections.delete_company(info.context.store, id))
