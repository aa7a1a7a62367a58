package org.hearken.customers;

import java.util.List;
import org.hearken.identity.Actor;
import org.hearken.platform.NotFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/customers")
class CustomerApiController {

    /** A line of a search result. */
    record CustomerSummary(long id, String name, String email, String phone) {}

    private final CustomerAccess access;

    CustomerApiController(CustomerAccess access) {
        this.access = access;
    }

    /** The customer and their cases that you may see; 404 unless you may see at least one of them. */
    @GetMapping("/{id}")
    CustomerAccess.CustomerFile get(@PathVariable long id, Actor actor) {
        return access.file(id, actor).orElseThrow(() -> new NotFoundException("No customer " + id));
    }

    /** Customers whose name, e-mail address or phone number contains {@code q} (at least 3 characters). */
    @GetMapping
    List<CustomerSummary> search(
            @RequestParam(required = false) String q, @RequestParam(defaultValue = "20") int limit, Actor actor) {
        return access.search(q, limit, actor).stream()
                .map(c -> new CustomerSummary(c.id(), c.name(), c.email(), c.phone()))
                .toList();
    }
}
