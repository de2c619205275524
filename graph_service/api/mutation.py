"""Root mutation fields."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.file_uploads import Upload
from strawberry.scalars import JSON

from graph_service.api import inputs
from graph_service.api.correction_fields import CorrectionMutation
from graph_service.api.hiring_fields import HiringMutation
from graph_service.api.linkedin_types import LinkedInImportType
from graph_service.api.reach_fields import WatchlistMutation
from graph_service.api.types import CompanyType, EmploymentType, ImportResultType, Info, PersonType, TieType
from graph_service.domain.errors import BadUserInput
from graph_service.domain.model import id_key
from graph_service.services import graph_import, linkedin, network, people
from graph_service.services.linkedin_file import MAX_FILE_BYTES


@strawberry.type
class Mutation(HiringMutation, WatchlistMutation, CorrectionMutation):
    @strawberry.mutation
    async def create_person(self, info: Info, input: inputs.CreatePersonInput) -> PersonType:
        person = await people.create_person(
            info.context.store,
            id=input.id,
            name=input.name,
            headline=input.headline,
            email=input.email,
            linkedin_url=input.linkedin_url,
        )
        return PersonType.from_domain(person)

    @strawberry.mutation
    async def update_person(self, info: Info, input: inputs.UpdatePersonInput) -> PersonType:
        changes = {
            field: value
            for field, value in (
                ("name", input.name),
                ("headline", input.headline),
                ("email", input.email),
                ("linkedinUrl", input.linkedin_url),
            )
            if value is not strawberry.UNSET
        }
        return PersonType.from_domain(await people.update_person(info.context.store, input.id, changes))

    @strawberry.mutation
    async def create_company(self, info: Info, input: inputs.CreateCompanyInput) -> CompanyType:
        company = await people.create_company(
            info.context.store, id=input.id, name=input.name, domain=input.domain, industry=input.industry
        )
        return CompanyType.from_domain(company)

    @strawberry.mutation(
        description="Add a position, or overwrite the one with the same person, company and start date."
    )
    async def add_employment(self, info: Info, input: inputs.AddEmploymentInput) -> EmploymentType:
        job = await network.add_employment(
            info.context.store,
            person_id=input.person_id,
            company_id=input.company_id,
            title=input.title,
            seniority=input.seniority,
            function=input.function,
            start_date=input.start_date,
            end_date=input.end_date,
        )
        return EmploymentType.from_domain(job)

    @strawberry.mutation(description="End the person's current position at the company.")
    async def end_employment(self, info: Info, input: inputs.EndEmploymentInput) -> EmploymentType:
        job = await network.end_employment(
            info.context.store,
            person_id=input.person_id,
            company_id=input.company_id,
            end_date=input.end_date,
        )
        return EmploymentType.from_domain(job)

    @strawberry.mutation(
        description="Create the tie between two people, or overwrite it; returned as seen from aId."
    )
    async def connect(self, info: Info, input: inputs.ConnectInput) -> TieType:
        tie = await network.connect(
            info.context.store,
            a_id=input.a_id,
            b_id=input.b_id,
            context=input.context,
            strength=input.strength,
            since=input.since,
            last_interaction=input.last_interaction,
            evidence=input.evidence,
        )
        # aId as stored, which may differ in case from the one given
        seen_from = tie.a if id_key(tie.a) == id_key(input.a_id) else tie.b
        return TieType.from_domain(tie, seen_from)

    @strawberry.mutation(
        description="Upsert a document in the import format. With bad rows nothing changes and every bad "
        "row is reported (extensions.problems), unless skipInvalid is true."
    )
    async def import_graph(self, info: Info, document: JSON, skip_invalid: bool = False) -> ImportResultType:
        result = await graph_import.import_graph(info.context.store, document, skip_invalid=skip_invalid)
        return ImportResultType.from_domain(result)

    @strawberry.mutation(
        name="importLinkedInConnections",
        description="Import the owner's LinkedIn Connections.csv (a multipart file upload): people, companies, "
        "current positions and LINKEDIN ties. Again with a newer export, changed positions end on asOf (default "
        "today). A bad file changes nothing; rows that cannot be used are listed in skipped.",
    )
    async def import_linkedin_connections(
        self,
        info: Info,
        owner_id: strawberry.ID,
        file: Upload,
        as_of: date | None = None,
        dry_run: bool = False,
    ) -> LinkedInImportType:
        read = getattr(file, "read", None)
        if read is None:
            raise BadUserInput("file must be an uploaded file (a multipart request)", field="file")
        content = await read(MAX_FILE_BYTES + 1)
        result = await linkedin.import_linkedin(
            info.context.store, owner_id=owner_id, content=content, as_of=as_of, dry_run=dry_run
        )
        return LinkedInImportType.from_domain(result)
