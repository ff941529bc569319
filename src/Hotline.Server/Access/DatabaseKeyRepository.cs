using System.Xml.Linq;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Hotline.Server.Access;

/// <summary>
/// Stores the data-protection key ring in the hotline database, so cookies and bearer tokens
/// issued by one node are read by every other and survive restarts (DESIGN: several stateless
/// nodes on PostgreSQL). Data protection calls it rarely (start-up, key rotation) and
/// synchronously.
/// </summary>
internal sealed class DatabaseKeyRepository(IServiceScopeFactory scopes) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        return db.Set<DataProtectionKey>().OrderBy(k => k.Id).Select(k => k.Xml).ToList().Select(XElement.Parse).ToArray();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        db.Add(new DataProtectionKey(friendlyName, element.ToString(SaveOptions.DisableFormatting)));
        db.SaveChanges();
    }
}
