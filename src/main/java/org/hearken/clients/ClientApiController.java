package org.hearken.clients;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.hearken.cases.CaseListQuery;
import org.hearken.identity.Actor;
import org.hearken.identity.StaffMember;
import org.hearken.platform.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Client organisations over the API: every member of staff may list and read them; managers, executives and
 * administrators create, change and merge them; staff who log cases add and remove contacts. A client's file (its
 * contacts and cases and what goes with them) holds only what the caller may see of its cases.
 */
@RestController
@RequestMapping("/api/clients")
class ClientApiController {

    /** A member of staff as the API names them. */
    record Person(String username, String name) {
        static Person of(StaffMember m) {
            return m == null ? null : new Person(m.username(), m.fullName());
        }
    }

    /** An organisation as the API shows it. */
    record Client(
            long id,
            String name,
            Person manager,
            Person deputy,
            List<String> domains,
            long contacts,
            Long mergedInto,
            Instant createdAt,
            Instant updatedAt,
            int version) {
        static Client of(ClientOrganisation o) {
            return new Client(
                    o.id(),
                    o.name(),
                    Person.of(o.manager()),
                    Person.of(o.deputy()),
                    o.domains(),
                    o.contacts(),
                    o.mergedInto(),
                    o.createdAt(),
                    o.updatedAt(),
                    o.version());
        }
    }

    /** What creating or changing an organisation sends; {@code version}, when given, must be the current one. */
    record ClientRequest(
            @Size(max = 400) String name,
            @Size(max = 64) String manager,
            @Size(max = 64) String deputy,
            @Size(max = 50) List<@Size(max = 300) String> domains,
            Integer version) {}

    record MergeRequest(@NotNull Long into) {}

    record ContactRequest(@NotNull Long customerId) {}

    private final Clients clients;
    private final ClientFiles files;

    ClientApiController(Clients clients, ClientFiles files) {
        this.clients = clients;
        this.files = files;
    }

    /** The organisations in use, by name. */
    @GetMapping
    List<Client> list(Actor actor) {
        return clients.list().stream().map(Client::of).toList();
    }

    /** The organisation, also when merged ({@code mergedInto} then says where it went). */
    @GetMapping("/{id}")
    Client get(@PathVariable long id, Actor actor) {
        return clients.find(id).map(Client::of).orElseThrow(() -> notFound(id));
    }

    /** The organisation's contacts and cases as the caller may see them, with what goes with them. */
    @GetMapping("/{id}/file")
    ClientFiles.ClientFile file(
            @PathVariable long id,
            @RequestParam(required = false) CaseListQuery.StatusFilter status,
            @RequestParam(required = false) String after,
            Actor actor) {
        return files.file(id, status, after, actor);
    }

    @PostMapping
    ResponseEntity<Client> create(@Valid @RequestBody ClientRequest r, Actor actor) {
        ClientOrganisation created = clients.create(draft(r), actor);
        return ResponseEntity.created(URI.create("/api/clients/" + created.id()))
                .body(Client.of(created));
    }

    @PutMapping("/{id}")
    Client change(@PathVariable long id, @Valid @RequestBody ClientRequest r, Actor actor) {
        return Client.of(clients.change(id, draft(r), r.version(), actor));
    }

    /** Merges this organisation into {@code into}; answers with the organisation kept. */
    @PostMapping("/{id}/merge")
    Client merge(@PathVariable long id, @Valid @RequestBody MergeRequest r, Actor actor) {
        return Client.of(clients.merge(id, r.into(), actor));
    }

    @PostMapping("/{id}/contacts")
    Client addContact(@PathVariable long id, @Valid @RequestBody ContactRequest r, Actor actor) {
        return Client.of(clients.addContact(id, r.customerId(), actor));
    }

    @DeleteMapping("/{id}/contacts/{customerId}")
    Client removeContact(@PathVariable long id, @PathVariable long customerId, Actor actor) {
        return Client.of(clients.removeContact(id, customerId, actor));
    }

    private static Clients.Draft draft(ClientRequest r) {
        return new Clients.Draft(r.name(), r.manager(), r.deputy(), r.domains());
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("No client organisation has id " + id);
    }
}
