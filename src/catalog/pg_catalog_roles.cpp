// pg_roles, pg_user and pg_auth_members over the server's users
// (catalog/user_store.h): the owner of every object, "copra" (OID 10, a
// superuser, as pg_get_userbyid answers), and each user created with
// CREATE USER. Copra has no role membership, so pg_auth_members is empty.
//
//   pg_roles         rolname, rolsuper, rolinherit, rolcreaterole,
//                    rolcreatedb, rolcanlogin, rolreplication, rolconnlimit,
//                    rolpassword ('********'), rolvaliduntil, rolbypassrls,
//                    rolconfig, oid
//   pg_user          usename, usesysid, usecreatedb, usesuper, userepl,
//                    usebypassrls, passwd, valuntil, useconfig
//   pg_auth_members  roleid, member, grantor, admin_option
#include <set>
#include <string>

#include "catalog/pg_catalog.h"
#include "catalog/pg_catalog_table.h"
#include "catalog/user_store.h"

namespace copra {

namespace {

using namespace pg;  // NOLINT: the building blocks of every table here

// The roles: "copra" and the users, sorted by name.
std::set<std::string> RoleNames(const UserStore* users) {
  std::set<std::string> names{"copra"};
  if (users != nullptr) {
    for (const std::string& n : users->Names()) names.insert(n);
  }
  return names;
}

}  // namespace

void RegisterPgRoles(Catalog* catalog, const UserStore* users) {
  Register(catalog, "pg_roles",
           {Text("rolname"), Bool("rolsuper"), Bool("rolinherit"), Bool("rolcreaterole"),
            Bool("rolcreatedb"), Bool("rolcanlogin"), Bool("rolreplication"), I32("rolconnlimit"),
            Text("rolpassword"), Timestamp("rolvaliduntil"), Bool("rolbypassrls"),
            Text("rolconfig", true), Oid("oid")},
           [users](const CatalogSnapshot&, RowWriter* w) {
             for (const std::string& name : RoleNames(users)) {
               const bool owner = name == "copra";
               w->Str(name).Bool(owner).Bool(true).Bool(owner).Bool(owner);
               w->Bool(true).Bool(false).Int(-1).Str("********").Null();
               w->Bool(owner).Null().Int(RoleOid(name));
             }
           });
  Register(
      catalog, "pg_user",
      {Text("usename"), Oid("usesysid"), Bool("usecreatedb"), Bool("usesuper"), Bool("userepl"),
       Bool("usebypassrls"), Text("passwd"), Timestamp("valuntil"), Text("useconfig", true)},
      [users](const CatalogSnapshot&, RowWriter* w) {
        for (const std::string& name : RoleNames(users)) {
          const bool owner = name == "copra";
          w->Str(name).Int(RoleOid(name)).Bool(owner).Bool(owner).Bool(false);
          w->Bool(owner).Str("********").Null().Null();
        }
      });
  RegisterEmpty(catalog, "pg_auth_members",
                {Oid("roleid"), Oid("member"), Oid("grantor"), Bool("admin_option")});
}

}  // namespace copra
