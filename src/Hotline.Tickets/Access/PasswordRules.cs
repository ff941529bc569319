namespace Hotline.Tickets.Access;

/// <summary>
/// Password strength (密码强度): at least <see cref="MinimumLength"/> characters from at least three
/// of lower case, upper case, digits and symbols, and not containing the user name. Government
/// systems at 等保 level 2 ask for this much.
/// </summary>
public static class PasswordRules
{
    public const int MinimumLength = 10;
    public const int MaximumLength = 128;

    public static void Check(string password, string userName)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length is < MinimumLength or > MaximumLength)
            throw new ArgumentException($"A password has {MinimumLength} to {MaximumLength} characters.", nameof(password));
        var classes = new[] { password.Any(char.IsLower), password.Any(char.IsUpper), password.Any(char.IsDigit), password.Any(c => !char.IsLetterOrDigit(c)) };
        if (classes.Count(c => c) < 3)
            throw new ArgumentException("A password mixes at least three of: lower case, upper case, digits, symbols.", nameof(password));
        if (!string.IsNullOrEmpty(userName) && password.Contains(userName, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException("A password must not contain the user name.", nameof(password));
    }
}
