package org.hearken.customers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearken.cases.CaseManagement;
import org.hearken.cases.CaseQuery;
import org.hearken.cases.CaseView;
import org.hearken.identity.Actor;
import org.springframework.stereotype.Service;

/**
 * Who may know of a customer: whoever may see at least one of their cases, whatever their role, so that a customer
 * record never reveals feedback its reader could not open (a confidential complaint, or one about the reader).
 */
@Service
class CustomerAccess {

    /** The customer and the cases of theirs the reader may see, newest first. */
    record CustomerFile(Customer customer, List<CaseView> cases) {}

    static final int CASES_SHOWN = 200;
    /** Search reads candidates in batches until it has enough visible ones; this many batches at most. */
    private static final int MAX_BATCHES = 5;

    private final CustomerDirectory customers;
    private final CaseManagement cases;

    CustomerAccess(CustomerDirectory customers, CaseManagement cases) {
        this.customers = customers;
        this.cases = cases;
    }

    Optional<CustomerFile> file(long id, Actor actor) {
        return customers.find(id).flatMap(customer -> {
            List<CaseView> theirCases = cases.search(CaseQuery.ofCustomer(id, CASES_SHOWN), actor).items();
            return theirCases.isEmpty() ? Optional.empty()
                    : Optional.of(new CustomerFile(customer, theirCases));
        });
    }

    List<Customer> search(String q, int limit, Actor actor) {
        int wanted = Math.clamp(limit, 1, CustomerDirectory.MAX_SEARCH);
        int batch = wanted * 4;
        Map<Long, Customer> found = new LinkedHashMap<>();
        for (int i = 0; i < MAX_BATCHES && found.size() < wanted; i++) {
            List<Customer> candidates = customers.candidates(q, batch, i * batch);
            Set<Long> visible = cases.visibleCustomerIds(candidates.stream().map(Customer::id).toList(), actor);
            candidates.stream()
                    .filter(c -> visible.contains(c.id()))
                    .limit(wanted - found.size())
                    .forEach(c -> found.putIfAbsent(c.id(), c));
            if (candidates.size() < batch) {
                break;
            }
        }
        return List.copyOf(found.values());
    }

}
