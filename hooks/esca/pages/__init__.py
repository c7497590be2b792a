"""The pages and page parts made from the data files and from every page's
front matter: owners and review dates with the review pages, the legislation
ledger, content gaps, statistics and charts, contact points, the glossary and
What's changed. Imports core/, cpd/ and curricula/.
"""
