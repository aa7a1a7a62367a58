/** Staff, departments and roles; who is acting, and how they prove it (password, API token). */
package org.hearken.identity;
