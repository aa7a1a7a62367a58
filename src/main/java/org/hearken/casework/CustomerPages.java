package org.hearken.casework;

import org.hearken.cases.CaseListPage;
import org.hearken.cases.CaseListQuery;
import org.hearken.cases.CaseManagement;
import org.hearken.clients.Clients;
import org.hearken.customers.Customer;
import org.hearken.customers.CustomerAccess;
import org.hearken.identity.Actor;
import org.hearken.platform.NotFoundException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A customer's page: the customer as the cases the reader may see describe them, their client organisation, and every
 * one of their cases the reader may see, with its due-date state, newest first, a page of 50 at a time. A customer none
 * of whose cases the reader may see is "not found", as the API answers.
 */
@Controller
class CustomerPages {

    private final CustomerAccess customers;
    private final CaseManagement cases;
    private final Clients clients;

    CustomerPages(CustomerAccess customers, CaseManagement cases, Clients clients) {
        this.customers = customers;
        this.cases = cases;
        this.clients = clients;
    }

    @GetMapping("/customers/{id}")
    String customer(
            @PathVariable long id,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String after,
            Actor actor,
            Model model) {
        Customer customer = customers.customer(id, actor).orElseThrow(() -> new NotFoundException("No customer " + id));
        CaseListQuery.StatusFilter filter = CaseListQuery.StatusFilter.named(status, CaseListQuery.StatusFilter.ANY);
        CaseListPage page = cases.list(CaseListQuery.ofCustomer(id, filter, after, 50), actor);
        model.addAttribute("customer", customer);
        model.addAttribute("client", clients.ofCustomer(id).orElse(null));
        Row.addCasesByStatus(model, page, filter, "/customers/" + id);
        return "customers/customer";
    }
}
