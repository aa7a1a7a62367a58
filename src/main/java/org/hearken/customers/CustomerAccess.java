package org.hearken.customers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearken.cases.CaseManagement;
import org.hearken.cases.CaseQuery;
import org.hearken.cases.CaseView;
import org.hearken.cases.CustomerCases;
import org.hearken.identity.Actor;
import org.springframework.stereotype.Service;

/**
 * Customers as a member of staff may see them: only a reader who may see at least one of their cases, whatever their
 * role, knows of a customer at all, so that a customer record never reveals feedback its reader could not open (a
 * confidential complaint, or one about the reader); and the record shows only the contact details given on the cases
 * the reader may see ({@link Customer#asSeenOn}), so that a phone number or address that came with a confidential case
 * stays with it. Every answer to staff that shows a customer goes through here.
 */
@Service
public class CustomerAccess {

    /** The customer and the cases of theirs the reader may see, newest first. */
    record CustomerFile(Customer customer, List<CaseView> cases) {}

    static final int CASES_SHOWN = 200;
    /**
     * Search reads this many candidates for each customer wanted, in one reading (a page of those who start with the
     * text costs little more than a few of them, and reading every match costs the same for any number), and tests a
     * quarter of them for what the reader may see, then, when too few, the rest.
     */
    private static final int CANDIDATES_PER_RESULT = 20;

    private final CustomerDirectory customers;
    private final CaseManagement cases;

    CustomerAccess(CustomerDirectory customers, CaseManagement cases) {
        this.customers = customers;
        this.cases = cases;
    }

    /** The customer as the actor may see them; empty when the actor may see none of their cases. */
    public Optional<Customer> customer(long id, Actor actor) {
        return customers
                .find(id)
                .flatMap(onFile -> Optional.ofNullable(
                                cases.visibleCustomerCases(List.of(id), actor).get(id))
                        .map(seen -> Customer.asSeenOn(onFile, seen)));
    }

    /**
     * Of the customers {@code ids}, those the actor may see, as they may see them, in the order of {@code ids}: two
     * readings for them all.
     */
    public List<Customer> customers(List<Long> ids, Actor actor) {
        Map<Long, CustomerCases> visible = cases.visibleCustomerCases(ids, actor);
        return customers.find(ids).stream()
                .filter(c -> visible.containsKey(c.id()))
                .map(c -> Customer.asSeenOn(c, visible.get(c.id())))
                .toList();
    }

    Optional<CustomerFile> file(long id, Actor actor) {
        return customer(id, actor)
                .map(customer -> new CustomerFile(
                        customer,
                        cases.search(CaseQuery.ofCustomer(id, CASES_SHOWN), actor)
                                .items()));
    }

    /**
     * Customers matching {@code q} as the actor sees them: a customer found only through a detail the actor may not
     * see (a phone number given on a confidential case, say) is not found.
     */
    List<Customer> search(String q, int limit, Actor actor) {
        int wanted = Math.clamp(limit, 1, CustomerDirectory.MAX_SEARCH);
        List<Customer> candidates = customers.candidates(q, wanted * CANDIDATES_PER_RESULT);
        int first = Math.min(candidates.size(), wanted * CANDIDATES_PER_RESULT / 4);
        Map<Long, Customer> found = new LinkedHashMap<>();
        for (List<Customer> slice :
                List.of(candidates.subList(0, first), candidates.subList(first, candidates.size()))) {
            if (found.size() >= wanted) {
                break;
            }
            Map<Long, CustomerCases> visible =
                    cases.visibleCustomerCases(slice.stream().map(Customer::id).toList(), actor);
            slice.stream()
                    .filter(c -> visible.containsKey(c.id()))
                    .map(c -> Customer.asSeenOn(c, visible.get(c.id())))
                    .filter(c -> CustomerDirectory.matches(c, q))
                    .limit(wanted - found.size())
                    .forEach(c -> found.putIfAbsent(c.id(), c));
        }
        return List.copyOf(found.values());
    }
}
