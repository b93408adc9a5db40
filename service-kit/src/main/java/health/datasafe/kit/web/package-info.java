/** Reading request bodies the same way in every servlet service: size limit, JSON media types, strict JSON. */
package health.datasafe.kit.web;
